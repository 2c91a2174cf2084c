export * from './compiled-trigger';
export * from './evaluate-trigger';
export * from './page-url-index';
export * from './candidate-index';
