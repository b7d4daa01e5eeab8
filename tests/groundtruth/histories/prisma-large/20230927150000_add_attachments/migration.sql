-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "testCaseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Attachment_submissionId_testCaseId_idx" ON "Attachment"("submissionId", "testCaseId");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_submissionId_testCaseId_fkey" FOREIGN KEY ("submissionId", "testCaseId") REFERENCES "SubmissionResult"("submissionId", "testCaseId") ON DELETE CASCADE ON UPDATE CASCADE;
