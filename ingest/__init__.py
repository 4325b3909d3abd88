"""Report ingestion: bytes of a health-bureau report in, indicator observations out.

Pure stages, no Django: read → normalize → segment (+ header) → regions / years → indicators →
values → link → classify, composed by `ingest.pipeline.extract_report`; `ingest.evaluate` scores
the result against gold rows. `ingest.load` is the one module that writes to the database.
"""
