"""The site's WSGI app plus its media files, for the article benchmark only.

In production a proxy or object storage serves /media/; under the benchmark's
bare gunicorn the article's images would 404 and Lighthouse would count
console errors. whitenoise indexes the folder when the process starts.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from backportal.wsgi import application as site

application = WhiteNoise(site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
