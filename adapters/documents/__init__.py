"""Documents: the award decision and certificates as PDF (WeasyPrint), and evidence files on disk."""
