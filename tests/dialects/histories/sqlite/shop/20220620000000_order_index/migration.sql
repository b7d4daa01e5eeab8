-- CreateIndex
CREATE INDEX "Order_customerId_status_idx" ON "Order"("customerId", "status");
