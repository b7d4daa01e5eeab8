-- Submission attachments: one folder per organization in a private bucket.
insert into storage.buckets (id, name, public)
values ('submission-files', 'submission-files', false);

create policy "Members upload to their organization folder" on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'submission-files'
    and (storage.foldername(name))[1]::uuid in (select private.organization_ids())
  );

create policy "Members read their organization folder" on storage.objects
  for select to authenticated
  using (
    bucket_id = 'submission-files'
    and (storage.foldername(name))[1]::uuid in (select private.organization_ids())
  );
