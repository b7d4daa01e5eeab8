-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "citext";

-- AlterTable
ALTER TABLE "Tenant" ALTER COLUMN "slug" SET DATA TYPE CITEXT;
