from django.http import HttpResponse


def explore(request):
    return HttpResponse("Redleaf")
