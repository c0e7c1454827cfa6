"""A file storage with no URL: credential documents are only ever streamed by
credentials.views.download, to the people allowed."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Private files have no URL; stream them through a view that checks permission.")
