from django import forms
from django.core.exceptions import ValidationError

from .reading import MAX_IMPORT_BYTES, too_large_message


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"A .csv or .xlsx file of up to {MAX_IMPORT_BYTES // 1_048_576} MB, with the template's headings "
                  "in the first row.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Choose the spreadsheet to import.",
                        "empty": "The file is empty. Download the template, fill it in and upload it again."},
    )

    def __init__(self, *args, refused_size: int | None = None, **kwargs):
        """`refused_size`: the size of an upload refused before it was read, so the form says why."""
        super().__init__(*args, **kwargs)
        self.refused_size = refused_size
        if refused_size:
            self.fields["file"].required = False

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        size = self.refused_size or getattr(upload, "size", 0)
        if size > MAX_IMPORT_BYTES:
            raise ValidationError(too_large_message(size), code="too_large")
        return upload
