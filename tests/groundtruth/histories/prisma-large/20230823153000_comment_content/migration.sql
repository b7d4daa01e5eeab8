-- Hand-edited: keep the comment text when renaming the field.
ALTER TABLE "Comment" RENAME COLUMN "body" TO "content";
