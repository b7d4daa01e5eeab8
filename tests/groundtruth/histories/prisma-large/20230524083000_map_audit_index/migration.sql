-- RenameIndex
ALTER INDEX "AuditLog_tenantId_createdAt_idx" RENAME TO "audit_tenant_time";
