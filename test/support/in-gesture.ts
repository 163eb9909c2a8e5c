// Runs test code where Safari's user-gesture rule is met, or just missed: inside a trusted click's handler.
import { userEvent } from 'vitest/browser';

export { outcome } from './outcome.js';

/** Clicks a fresh button with trusted input and runs `body` synchronously inside its click handler. */
export async function inGesture<T>(body: () => T): Promise<T> {
  const button = document.body.appendChild(document.createElement('button'));
  button.textContent = 'pay';
  const result = new Promise<T>((resolve, reject) => {
    button.addEventListener(
      'click',
      () => {
        try {
          resolve(body());
        } catch (error) {
          reject(error);
        }
      },
      { once: true },
    );
  });
  try {
    const [, value] = await Promise.all([userEvent.click(button), result]);
    return value;
  } finally {
    button.remove();
  }
}

/** Clicks a fresh button with trusted input and runs `body` one `await` into its click handler. */
export async function afterAwaitInGesture<T>(body: () => T): Promise<T> {
  const button = document.body.appendChild(document.createElement('button'));
  const result = new Promise<T>((resolve, reject) => {
    button.addEventListener('click', () => Promise.resolve().then(body).then(resolve, reject), {
      once: true,
    });
  });
  try {
    const [, value] = await Promise.all([userEvent.click(button), result]);
    return value;
  } finally {
    button.remove();
  }
}
