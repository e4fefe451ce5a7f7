from django.views.generic import TemplateView

from portfolio.profile.models import Profile


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = Profile.get_solo()
        return context
