// The audit writer is server/audit.ts. Kept only for server/modules/disputes/service.ts (being split
// elsewhere); delete once that file imports server/audit.ts.
export { writeAudit, type AuditEvent, type CommandContext } from '../../audit.ts';
