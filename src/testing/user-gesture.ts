// Safari's user-gesture rule (UserGestureIndicator::processingUserGesture): an ApplePaySession may be created
// only synchronously inside the handler of a trusted click, touch or key event. `navigator.userActivation`
// alone would accept code after an `await` (activation lasts seconds), and so would "the event is still
// being dispatched" (one listener's microtasks run before the next listener). So gesture handlers are
// wrapped, to know when one of them is on the stack: listeners, handler properties and inline attributes.

const GESTURES = [
  'click',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchend',
  'keydown',
  'keyup',
];

let gesture: Event | undefined;
let handlersRunning = 0;
const wrappers = new WeakMap<object, Map<string, EventListener>>();
const isWrapper = new WeakSet<object>();
const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;

function wrapped(type: string, listener: EventListenerOrEventListenerObject): EventListener {
  if (isWrapper.has(listener)) return listener as EventListener;
  let byType = wrappers.get(listener);
  if (!byType) wrappers.set(listener, (byType = new Map()));
  let wrapper = byType.get(type);
  if (!wrapper) {
    wrapper = function (this: unknown, event: Event) {
      handlersRunning++;
      try {
        return typeof listener === 'function'
          ? listener.call(this, event)
          : listener.handleEvent(event);
      } finally {
        handlersRunning--;
      }
    };
    isWrapper.add(wrapper);
    byType.set(type, wrapper);
  }
  return wrapper;
}

// Only in a page: importing the kit in Node (SSR, a test runner's collection) must not throw.
if (typeof window === 'object') {
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const gestureListener =
      GESTURES.includes(type) && listener ? wrapped(type, listener) : listener;
    add.call(this, type, gestureListener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    const gestureListener = (listener && wrappers.get(listener)?.get(type)) || listener;
    remove.call(this, type, gestureListener, options);
  };

  // Handler properties (`button.onclick = …`) count as much as listeners do.
  const handlerOwners = [
    HTMLElement.prototype,
    SVGElement.prototype,
    Document.prototype,
    Window.prototype,
    window,
  ];
  for (const type of GESTURES) {
    for (const owner of handlerOwners) {
      const property = Object.getOwnPropertyDescriptor(owner, `on${type}`);
      if (!property?.set || !property.configurable) continue;
      Object.defineProperty(owner, `on${type}`, {
        ...property,
        set(this: EventTarget, handler: unknown) {
          property.set!.call(
            this,
            typeof handler === 'function' ? wrapped(type, handler as EventListener) : handler,
          );
        },
      });
    }
    add.call(
      window,
      type,
      (event: Event) => {
        if (!event.isTrusted) return;
        gesture = event;
        // Inline attributes (`<button onclick="pay()">`) are compiled by the browser, past the setter above:
        // handing the compiled handler back through the setter wraps it, in the same place in the order.
        for (const node of event.composedPath()) {
          const owner = node as unknown as Record<string, unknown>;
          const handler = owner[`on${type}`];
          if (typeof handler === 'function' && !isWrapper.has(handler))
            owner[`on${type}`] = handler;
        }
      },
      { capture: true },
    );
  }
}

/** True while a handler of a trusted gesture event runs, synchronously. */
export const inUserGesture = (): boolean =>
  (navigator.userActivation?.isActive ?? true) &&
  gesture !== undefined &&
  gesture.eventPhase !== Event.NONE &&
  handlersRunning > 0;
