"""The tamper-evident ledger (sổ cái chống sửa đổi): a hash chain and a time index beside the event store."""
