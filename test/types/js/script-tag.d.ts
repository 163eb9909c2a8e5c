// A page that loads the script-tag bundle has the element and its event types without importing anything.
import type {} from 'apple-pay-session-button';
