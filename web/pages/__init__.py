"""Server-rendered HTML pages (Vietnamese first), their forms and labels."""
