"""Staff import enquiries, learners or providers from a spreadsheet: template, upload, preview, confirm."""

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from academy.middleware import refuses_oversized_body
from academy.permissions import staff_required

from .forms import ImportUploadForm
from .kinds import KINDS
from .permissions import get_batch_for_uploader_or_404
from .reading import MAX_IMPORT_BYTES, FileRefused
from .services import LocalityContext, import_batch_check, import_batch_confirm, import_batch_create

# Room in a request for the form's other fields and the multipart headers around the file.
FORM_OVERHEAD_BYTES = 64 * 1024
# A refused upload's body is read and dropped, a chunk at a time, so the browser (still sending) gets the
# page saying why rather than a reset connection; past this size the connection is simply closed.
DISCARD_AT_MOST_BYTES = 100 * 1024 * 1024
DISCARD_CHUNK_BYTES = 64 * 1024
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _kind_or_404(slug):
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404("Nothing of that kind can be imported.")
    return kind


@require_GET
@staff_required
def import_home(request):
    return render(request, "imports/home.html", {"kinds": KINDS.values()})


@require_GET
@staff_required
def template_download(request, kind, file_format):
    kind = _kind_or_404(kind)
    if file_format not in TEMPLATE_TYPES:
        raise Http404("Templates come as .csv or .xlsx.")
    localities = LocalityContext.for_user(request.user).localities
    example = [localities[0].name if column.field == "locality" and localities else column.example
               for column in kind.columns]
    dataset = tablib.Dataset(example, headers=kind.headings, title=kind.title)
    response = HttpResponse(dataset.export(file_format), content_type=TEMPLATE_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{kind.slug}-template.{file_format}"'
    return response


def _discard_body(request, size: int) -> None:
    if size <= DISCARD_AT_MOST_BYTES:
        while request.read(DISCARD_CHUNK_BYTES):
            pass


@staff_required
def _upload_too_large(request, size, kind):
    """The upload page again, saying the file is too large, without reading the file."""
    kind = _kind_or_404(kind)
    _discard_body(request, size)
    form = ImportUploadForm(data={}, files={}, refused_size=size)
    form.is_valid()
    return render(request, "imports/upload.html", {"kind": kind, "form": form}, status=413)


@refuses_oversized_body(limit_bytes=MAX_IMPORT_BYTES + FORM_OVERHEAD_BYTES, respond=_upload_too_large)
@staff_required
def upload(request, kind):
    kind = _kind_or_404(kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch = import_batch_create(by=request.user, kind=kind.slug, file_name=upload_file.name,
                                        content=upload_file.read(), request=request)
        except FileRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            return redirect("imports:preview", public_id=batch.public_id)
    return render(request, "imports/upload.html", {"kind": kind, "form": form})


def _preview_page(request, batch, check, *, status=200):
    return render(request, "imports/preview.html", {
        "batch": batch, "kind": KINDS[batch.kind], "check": check}, status=status)


@require_GET
@never_cache  # the rows are personal data: the browser keeps no copy
@staff_required
def preview(request, public_id):
    batch = get_batch_for_uploader_or_404(request.user, public_id)
    if batch.confirmed_at:
        return _preview_page(request, batch, None)
    return _preview_page(request, batch, import_batch_check(batch=batch, by=request.user))


@require_POST
@never_cache
@staff_required
def confirm(request, public_id):
    batch = get_batch_for_uploader_or_404(request.user, public_id)
    try:
        check = import_batch_confirm(batch=batch, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("imports:preview", public_id=batch.public_id)
    if not check.ok:
        return _preview_page(request, batch, check, status=422)
    kind = KINDS[batch.kind]
    messages.success(request, f"Imported {check.created} {kind.title.lower()} from {batch.file_name}.")
    return redirect("imports:preview", public_id=batch.public_id)
