export * from './compiled-trigger';
export * from './decide';
export * from './trigger-snapshot';
export * from './event-context';
export * from './limits';
