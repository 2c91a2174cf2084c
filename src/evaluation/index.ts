export * from './compiled-trigger';
export * from './evaluate-trigger';
