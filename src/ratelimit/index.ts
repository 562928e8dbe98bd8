export { TokenBucket, type BucketLimits, type BucketState, type Grant, type PenaltyOutcome, type Priority, type TakeOptions, type TokenBucketOptions, type WaitReason } from './token-bucket'
export { CircuitBreaker, type BreakerChange, type BreakerPermit, type BreakerState, type BreakerStateName, type CircuitBreakerOptions } from './circuit-breaker'
export { retryingHttp, type RetryOptions } from './retrying-http'
export { budgetedHttp, createRateControl, type BudgetedHttpOptions, type RateControl, type RateControlOptions } from './budgeted-http'
