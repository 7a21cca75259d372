export { startEngine, openCore, type RunningEngine, type StartOptions } from './engine';
export { SignflowService, type WorkflowDetail, type AuditTrail } from './service';
export * as domain from './domain';
