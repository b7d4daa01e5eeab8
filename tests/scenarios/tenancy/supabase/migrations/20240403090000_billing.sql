-- Invoices per organization, imported from the billing provider.

CREATE TABLE public.invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid,
  number text NOT NULL,
  external_id text,
  amount_cents bigint NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE UNIQUE INDEX invoices_organization_id_number_key
  ON public.invoices (organization_id, number) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX invoices_organization_id_external_id_key
  ON public.invoices (organization_id, external_id) WHERE external_id IS NOT NULL;

ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;

CREATE POLICY "Signed-in users read invoices" ON public.invoices
  FOR SELECT TO authenticated
  USING (auth.uid() IS NOT NULL);
