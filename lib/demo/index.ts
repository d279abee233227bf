/** Demo wiring: a client for your organization, or the built-in emulator when no admin key is configured. */
export { connect, type Connection, type ConnectOptions } from './connect';
