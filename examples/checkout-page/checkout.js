// The checkout page's script: a client session from the merchant's server, the charge when the customer
// authorises, and words for the customer (never Connect's messages, which stay in the server's logs).
const button = document.querySelector('apple-pay-session-button');
const result = document.getElementById('result');
const post = (path, body) =>
  window.fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

button.addEventListener('apple-pay-authorized', (event) => {
  const charged = post('/api/apple-pay/charge', {
    orderId: button.dataset.orderId,
    token: event.detail.payment.token,
  }).then((response) => response.json());
  event.detail.complete(
    charged.then(({ status }) => {
      result.textContent =
        status === window.ApplePaySession.STATUS_SUCCESS
          ? 'Thank you: your order is placed.'
          : 'The payment was declined. Please try another card.';
      return status;
    }),
  );
});
button.addEventListener('apple-pay-error', () => {
  result.textContent = 'Apple Pay is not available right now. Please choose another way to pay.';
});
button.addEventListener('apple-pay-cancel', () => {
  result.textContent ||= 'Payment cancelled.';
});

post('/api/apple-pay/session', {})
  .then((response) => response.json())
  .then((session) => (button.session = session));
