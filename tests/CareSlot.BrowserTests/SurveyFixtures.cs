using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Notifications.Outbox;
using CareSlot.Web.Features.Surveys;
using CareSlot.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CareSlot.BrowserTests;

/// <param name="Token">The link's token of an invitation of the demo patient's, answered when the fixture says so.</param>
public sealed record SurveyFixture(int SurveyId, string Token);

/// <summary>Surveys made through the app's own use cases: one of each kind of question, open, with a link to answer it.</summary>
public static class SurveyFixtures
{
    public static async Task<SurveyFixture> CreateSurveyAsync(this BrowserApp app, bool answered, string freeText = "The nurse was kind.\nParking was hard.")
    {
        var admin = await app.CreateAdminLoginAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CareSlotDb>();
        var adminId = await db.Users.Where(u => u.Email == admin.Email).Select(u => u.Id).SingleAsync();
        var save = services.GetRequiredService<SaveSurvey>();
        var created = await save.CreateAsync(adminId, new SurveyRequest("How was your last visit?", "Five questions, two minutes, no sign-in.", "patients", true,
        [
            new("How satisfied were you overall?", "rating", true, null),
            new("How did you book?", "single-choice", false, "Online\nBy phone\nAt the desk"),
            new("What helped?", "multiple-choice", false, "Reminders\nDirections\nShort waiting time"),
            new("What should we improve?", "free-text", false, null),
        ]), default);
        Assert.True(created.Problem is null, created.Problem?.Detail);
        var survey = (await save.OpenAsync(created.Value!.Id, default)).Value!;
        var patient = await db.Users.Where(u => u.Email == AppPages.DemoPatientEmail).Select(u => new { u.Id, u.FullName }).SingleAsync();
        var (_, token) = services.GetRequiredService<SurveyInvitations>().Add(db, survey, patient.Id, null,
            new SurveyRecipient(patient.FullName, AppPages.DemoPatientEmail, "en"), services.GetRequiredService<IClock>().GetCurrentInstant());
        await db.SaveChangesAsync();
        if (answered)
        {
            var questions = survey.Questions.OrderBy(q => q.Position).ToList();
            var answers = new Dictionary<string, IReadOnlyList<string>>
            {
                [AnswerSurvey.Field(questions[0])] = ["4"],
                [AnswerSurvey.Field(questions[1])] = ["0"],
                [AnswerSurvey.Field(questions[2])] = ["0", "2"],
                [AnswerSurvey.Field(questions[3])] = [freeText],
            };
            var outcome = await services.GetRequiredService<AnswerSurvey>().HandleAsync(token, answers, default);
            Assert.True(outcome.Problem is null, outcome.Problem?.Detail);
        }
        return new SurveyFixture(survey.Id, token);
    }
}
