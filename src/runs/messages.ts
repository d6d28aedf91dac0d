// What a run's error and last log line say when it ends for a reason other than its pipeline's
// own error. Tests and clients compare against these, so they live in one place.
export const INTERRUPTED_MESSAGE = 'Interrupted: the server stopped while the run was in progress';
export const SHUTDOWN_MESSAGE = 'Server shut down';
export const SHUTDOWN_PENDING_MESSAGE = 'Server shut down before the run started';
export const CANCELLED_MESSAGE = 'Cancelled by user';
export const CANCELLED_PENDING_MESSAGE = 'Cancelled before it started';
export const LEASE_LOST_MESSAGE = 'Interrupted: this server instance lost its lease on the database while the run was in progress';
/**
 * The abort reason a pipeline sees when the run it executes already ended in the database (another
 * instance's sweep failed it while this one was paused past its lease). Never stored: that end stands.
 */
export const ENDED_ELSEWHERE_MESSAGE = 'Stopped: the run already ended in the database (another server instance ended it)';
