-- Hand-written data fix: comments left behind by the import of March 30.
DELETE FROM "SubmissionComment" WHERE "submissionId" NOT IN (SELECT "id" FROM "Submission");
