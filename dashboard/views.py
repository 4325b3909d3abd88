from django.shortcuts import render

from dashboard import selectors


def overview(request):
    return render(request, "dashboard/overview.html", {"summary": selectors.coverage_summary()})
