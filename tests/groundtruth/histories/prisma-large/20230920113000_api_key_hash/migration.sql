-- Hand-edited: rename instead of drop/add so issued keys keep working.
-- AlterTable
ALTER TABLE "ApiKey" RENAME COLUMN "hashedKey" TO "keyHash";

-- RenameIndex
ALTER INDEX "ApiKey_hashedKey_key" RENAME TO "ApiKey_keyHash_key";
