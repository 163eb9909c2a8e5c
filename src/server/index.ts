/// <reference types="node" />
// `apple-pay-session-button/server`: the merchant's half of an Apple Pay checkout through Connect, for Node
// servers. `connect-sdk-nodejs` (and `pg` for PostgreSQL) are optional peer dependencies, loaded when used.
export { createApplePayServer, type ApplePayServer, type ApplePayServerOptions } from './server.js';
export type { ConnectSettings, Deadlines } from './connect.js';
export type { LogEntry, Logger, ConnectSummary } from './log.js';
export type { OrderAmount, OrderStatus, ChargeResult, SheetStatus } from './orders.js';
export type { NodeHandler } from './node.js';
export { toNodeHandler } from './node.js';
export {
  memoryOrderStore,
  type Durability,
  type OrderRecord,
  type OrderState,
  type OrderStore,
} from './store.js';
export { fileOrderStore } from './file-store.js';
export {
  postgresOrderStore,
  type PostgresPool,
  type PostgresStoreOptions,
} from './postgres-store.js';
export { MissingDependencyError } from './optional.js';
