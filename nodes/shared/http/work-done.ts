/**
 * The reason given when a wait is stopped because its work is done (a request's deadline, a read
 * slot's stall watch): one shared value, so stopping does not build a DOMException with a stack
 * trace each time, which `AbortController.abort()` without a reason does.
 */
export const WORK_DONE = new Error('finished');
