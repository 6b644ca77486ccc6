from django.conf import settings


def site(request):
    return {"ORG_NAME": settings.ORG_NAME}
