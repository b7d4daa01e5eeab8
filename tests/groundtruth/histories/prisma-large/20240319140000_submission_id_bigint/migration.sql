-- DropForeignKey
ALTER TABLE "Attachment" DROP CONSTRAINT "Attachment_submissionId_testCaseId_fkey";

-- DropForeignKey
ALTER TABLE "Comment" DROP CONSTRAINT "Comment_submissionId_fkey";

-- DropForeignKey
ALTER TABLE "SubmissionResult" DROP CONSTRAINT "SubmissionResult_submissionId_fkey";

-- AlterTable
ALTER TABLE "Attachment" ALTER COLUMN "submissionId" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "Comment" ALTER COLUMN "submissionId" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "Submission" DROP CONSTRAINT "Submission_pkey",
ALTER COLUMN "id" SET DATA TYPE BIGINT,
ADD CONSTRAINT "Submission_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "SubmissionResult" DROP CONSTRAINT "SubmissionResult_pkey",
ALTER COLUMN "submissionId" SET DATA TYPE BIGINT,
ADD CONSTRAINT "SubmissionResult_pkey" PRIMARY KEY ("submissionId", "testCaseId");

-- AddForeignKey
ALTER TABLE "SubmissionResult" ADD CONSTRAINT "SubmissionResult_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_submissionId_testCaseId_fkey" FOREIGN KEY ("submissionId", "testCaseId") REFERENCES "SubmissionResult"("submissionId", "testCaseId") ON DELETE RESTRICT ON UPDATE CASCADE;
