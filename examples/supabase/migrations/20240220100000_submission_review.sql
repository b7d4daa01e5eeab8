-- Review workflow for submissions, and a clean-up helper for withdrawn ones.

ALTER TABLE public.submissions ADD COLUMN review_status text;
ALTER TABLE public.submissions ADD COLUMN reviewed_by uuid REFERENCES auth.users (id);

CREATE INDEX submissions_reviewed_by_idx ON public.submissions (reviewed_by);

ALTER TABLE public.submissions ALTER COLUMN review_status SET NOT NULL;
ALTER TABLE public.submissions
  ADD CONSTRAINT submissions_review_status_check
  CHECK (review_status IN ('pending', 'accepted', 'rejected'));

CREATE FUNCTION public.purge_withdrawn_submissions(target_challenge uuid)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  removed integer;
BEGIN
  DELETE FROM public.submissions
  WHERE challenge_id = target_challenge
    AND status = 'withdrawn';
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END;
$$;
