"""Report ingestion: bytes of a health-bureau report in, indicator observations out.

Pure stages, no Django: read → normalize → segment → regions/years → indicators → values →
classify, composed by `ingest.pipeline.extract_report`. The database layer lives elsewhere.
"""
