export * from './condition-type';
export { conditionType, isConditionName } from './condition-registry';
export * from './condition-limits';
export { PageUrlMatcher } from './page-url.condition';
export { PageUrlSet } from './page-url-set';
