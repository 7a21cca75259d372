export { startEngine, openCore, type RunningEngine, type StartOptions } from './runtime/bootstrap';
export { SignflowService, type AuditTrail } from './app/service';
export type { WorkflowDetail } from './app/views';
export * as domain from './domain';
export { runCli } from './cli';
export * from './embedded';
