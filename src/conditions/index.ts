export * from './condition-type';
export { conditionType, isConditionName } from './condition-registry';
export * from './condition-limits';
export { PageUrlMatcher } from './page-url.condition';
export { PageUrlSet } from './page-url-set';
export * from './condition-tree';
export * from './parse-conditions';
export * from './rules/rule-types';
export { compileRuleRegex, type PathProblem } from './rules/parse-rule';
