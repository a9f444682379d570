"""Turning the personnel-file context into a tagged, accessible PDF with WeasyPrint."""

from django.template.loader import render_to_string

PDF_TEMPLATE = "learners/personnel_file/pdf.html"
PDF_STYLESHEET = "learners/personnel_file/pdf.css"


def personnel_file_pdf(context: dict) -> bytes:
    """Renders the PDF: PDF/UA-1 (tagged structure, document language and title), fonts embedded."""
    from weasyprint import CSS, HTML

    html = render_to_string(PDF_TEMPLATE, context)
    css = CSS(string=render_to_string(PDF_STYLESHEET))
    # pdf/ua-1 turns on tags and writes the title and language into the metadata; no base_url
    # means the template cannot pull in anything from the network or the filesystem.
    return HTML(string=html).write_pdf(stylesheets=[css], pdf_variant="pdf/ua-1")
