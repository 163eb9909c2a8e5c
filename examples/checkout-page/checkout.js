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

// What the page tells the shopper once they have authorised: only what the server knows. "Not charged" only for
// an order the server says is open; while a charge's outcome is not known, the page asks the server again.
const SAY = {
  paid: 'Thank you: your order is placed.',
  open: 'The payment was declined. Please try another card.',
  charging: 'We are checking your payment. Please do not pay again.',
};

async function settled(orderId) {
  for (let wait = 1000; ; wait = Math.min(wait * 2, 15000)) {
    await new Promise((resolve) => window.setTimeout(resolve, wait));
    const order = await window
      .fetch(`/api/apple-pay/orders/${encodeURIComponent(orderId)}`)
      .then((response) => response.json())
      .catch(() => ({ state: 'charging' }));
    if (order.state !== 'charging') return order.state;
  }
}

button.addEventListener('apple-pay-authorized', (event) => {
  const orderId = button.dataset.orderId;
  const charged = post('/api/apple-pay/charge', { orderId, token: event.detail.payment.token })
    .then((response) => response.json())
    // No answer: the charge may have been made. Only the order's state tells.
    .catch(() => ({ status: 1, orderState: 'charging' }));
  event.detail.complete(
    charged.then(({ status, orderState }) => {
      result.textContent = SAY[orderState] ?? SAY.charging;
      if (orderState === 'charging')
        void settled(orderId).then((state) => (result.textContent = SAY[state]));
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
