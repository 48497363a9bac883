using System.Net;
using System.Net.Http.Json;
using CareSlot.Scheduling;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Web.Idempotency;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Appointments;

public sealed class IdempotencyKeyTestsOnSqlite(SqliteApp app) : IdempotencyKeyTests(app), IClassFixture<SqliteApp>;

public sealed class IdempotencyKeyTestsOnPostgres(PostgresApp app) : IdempotencyKeyTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// A client whose answer was lost retries with the same <c>Idempotency-Key</c> and gets the original answer, never a second
/// change. Each test books on its own doctor a few days ahead, so moving the shared clock cannot spoil another test.
/// </summary>
public abstract class IdempotencyKeyTests(CareSlotApp app)
{
    private const string Appointments = "/api/v1/appointments";
    private const string InProgressTitle = "This request is still in progress.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body, params string[] keys)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        foreach (var key in keys) request.Headers.TryAddWithoutValidation(IdempotencyKeys.Header, key);
        return await client.SendAsync(request, Ct);
    }

    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    private BookAppointmentRequest Booking(TestDoctor doctor, int hour, string reason = "Check-up") =>
        new(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, hour, daysAhead: 3), reason);

    private Task<int> AppointmentsOfAsync(ApiUser patient) => app.WithDbAsync(db => db.Appointments.CountAsync(a => a.PatientId == patient.Id, Ct));

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(IdempotencyKeys.ReplayedHeader, out var values) && values.SingleOrDefault() == "true";

    private sealed record Answer(HttpStatusCode Status, string? Location, string Body);

    private static async Task<Answer> AnswerOfAsync(HttpResponseMessage response) =>
        new(response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync(Ct));

    /// <summary>What a kill -9 between the commit and the storing of the answer leaves: the key's record without its answer.</summary>
    private Task<int> ForgetAnswerAsync(ApiUser patient, string key) => app.WithDbAsync(db => db.IdempotencyKeys
        .Where(r => r.AccountId == patient.Id && r.Key == key)
        .ExecuteUpdateAsync(set => set
            .SetProperty(r => r.StatusCode, (int?)null)
            .SetProperty(r => r.ContentType, (string?)null)
            .SetProperty(r => r.Location, (string?)null)
            .SetProperty(r => r.ProtectedBody, (byte[]?)null), Ct));

    private async Task<(TestDoctor Doctor, ApiUser Patient)> DoctorAndPatientAsync(Action<CareSlot.Web.Features.Doctors.ClinicPolicy>? policy = null) =>
        (await app.CreateBookableDoctorAsync(policy: policy), (await app.CreatePatientsAsync(1))[0]);

    [Fact]
    public async Task Book_RetryWithSameKey_ReplaysThe201BodyAndLocationAndBooksOnce()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var key = NewKey();

        var first = await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);
        var retry = await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);

        var original = await AnswerOfAsync(first);
        Assert.Equal(HttpStatusCode.Created, original.Status);
        Assert.False(Replayed(first));
        Assert.Equal(original, await AnswerOfAsync(retry));
        Assert.True(Replayed(retry));
        Assert.Equal("application/json", retry.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await AppointmentsOfAsync(patient));
    }

    [Fact]
    public async Task Book_SameKeyDifferentBody_Answers422AndChangesNothing()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var key = NewKey();
        await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);

        var otherTime = await PostAsync(patient.Client, Appointments, Booking(doctor, 11), key);
        var otherReason = await PostAsync(patient.Client, Appointments, Booking(doctor, 10, "Something else"), key);

        await otherTime.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await otherReason.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await AppointmentsOfAsync(patient));
    }

    [Fact]
    public async Task SameKeyOnAnotherEndpoint_Answers422()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var key = NewKey();
        var booked = await (await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key)).Content.ReadFromJsonAsync<AppointmentView>(Ct);

        var hold = await PostAsync(patient.Client, $"{Appointments}/holds",
            new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 12, daysAhead: 3)), key);
        var cancel = await PostAsync(patient.Client, $"{Appointments}/{booked!.Id}/cancel", new CancelAppointmentRequest(null), key);

        await hold.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await cancel.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await app.WithDbAsync(db => db.SlotHolds.CountAsync(h => h.PatientId == patient.Id, Ct)));
        Assert.Equal(AppointmentStatus.Confirmed, await app.WithDbAsync(db => db.Appointments.Where(a => a.Id == booked.Id).Select(a => a.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Book_SameKeyFromAnotherPatient_IsAnotherKey()
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(2);
        var key = NewKey();

        var first = await PostAsync(patients[0].Client, Appointments, Booking(doctor, 10), key);
        var second = await PostAsync(patients[1].Client, Appointments, Booking(doctor, 11), key);
        var secondRetry = await PostAsync(patients[1].Client, Appointments, Booking(doctor, 11), key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.False(Replayed(second));
        Assert.NotEqual(first.Headers.Location, second.Headers.Location);
        Assert.True(Replayed(secondRetry));
        Assert.Equal(await AnswerOfAsync(second), await AnswerOfAsync(secondRetry));
        Assert.Equal((1, 1), (await AppointmentsOfAsync(patients[0]), await AppointmentsOfAsync(patients[1])));
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("\u00a0")]
    [InlineData("clé")]
    [InlineData("line\u007fdelete")]
    public async Task Book_MalformedKey_Answers400NamingTheHeader(string key)
    {
        var (doctor, patient) = await DoctorAndPatientAsync();

        var response = await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(IdempotencyKeys.Header, problem.Errors.Keys);
        Assert.Equal(0, await AppointmentsOfAsync(patient));
    }

    [Fact]
    public async Task Book_KeyTooLongOrSentTwice_Answers400()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();

        var longest = await PostAsync(patient.Client, Appointments, Booking(doctor, 10), new string('k', 255));
        var tooLong = await PostAsync(patient.Client, Appointments, Booking(doctor, 11), new string('k', 256));
        var twice = await PostAsync(patient.Client, Appointments, Booking(doctor, 12), NewKey(), NewKey());

        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Contains(IdempotencyKeys.Header, (await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Contains(IdempotencyKeys.Header, (await twice.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys);
        Assert.Equal(1, await AppointmentsOfAsync(patient));
    }

    [Fact]
    public async Task Book_ConcurrentRequestsWithOneKey_BookOnceAndTheOthersWaitOrReplay()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var key = NewKey();
        using var go = new SemaphoreSlim(0);

        var requests = Enumerable.Range(0, 8).Select(async _ =>
        {
            await go.WaitAsync(Ct);
            return await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);
        }).ToList();
        go.Release(requests.Count);
        var responses = await Task.WhenAll(requests);

        await AssertOneBookingAsync(patient, responses);
    }

    /// <summary>Each instance knows only its own requests in flight; between instances the record's primary key decides.</summary>
    [Fact]
    public async Task Book_ConcurrentRequestsWithOneKeyOnTwoInstances_BookOnce()
    {
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());
        var onSecond = second.CreateClient();
        var (doctor, patient) = await DoctorAndPatientAsync();
        onSecond.DefaultRequestHeaders.Authorization = patient.Client.DefaultRequestHeaders.Authorization;
        var key = NewKey();
        using var go = new SemaphoreSlim(0);

        var requests = Enumerable.Range(0, 8).Select(async i =>
        {
            await go.WaitAsync(Ct);
            return await PostAsync(i % 2 == 0 ? patient.Client : onSecond, Appointments, Booking(doctor, 10), key);
        }).ToList();
        go.Release(requests.Count);
        var responses = await Task.WhenAll(requests);

        await AssertOneBookingAsync(patient, responses);
    }

    private async Task AssertOneBookingAsync(ApiUser patient, HttpResponseMessage[] responses)
    {
        await AssertOneAnswerAsync(responses, HttpStatusCode.Created);
        Assert.Equal(1, await AppointmentsOfAsync(patient));
    }

    /// <summary>One request ran; every other one got its answer replayed or was told to retry later, never a refusal of its own.</summary>
    private static async Task AssertOneAnswerAsync(HttpResponseMessage[] responses, HttpStatusCode success)
    {
        var answered = responses.Where(r => r.StatusCode == success).ToList();
        Assert.Single(answered, r => !Replayed(r));
        Assert.Single((await Task.WhenAll(answered.Select(AnswerOfAsync))).Distinct());
        foreach (var waiting in responses.Except(answered))
        {
            Assert.Equal(InProgressTitle, (await waiting.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Title);
        }
    }

    /// <summary>Cancelling takes no lock before its save, so across instances the record's primary key and the appointment's version decide.</summary>
    [Fact]
    public async Task Cancel_ConcurrentRequestsWithOneKeyOnTwoInstances_CancelOnce()
    {
        await using var second = new SecondInstanceApp(app);
        await second.InitializeAsync();
        second.Clock.SetUtcNow(app.Clock.GetUtcNow());
        var onSecond = second.CreateClient();
        var (doctor, patient) = await DoctorAndPatientAsync();
        onSecond.DefaultRequestHeaders.Authorization = patient.Client.DefaultRequestHeaders.Authorization;
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var key = NewKey();
        using var go = new SemaphoreSlim(0);

        var requests = Enumerable.Range(0, 8).Select(async i =>
        {
            await go.WaitAsync(Ct);
            return await PostAsync(i % 2 == 0 ? patient.Client : onSecond, $"{Appointments}/{booked.Id}/cancel", new CancelAppointmentRequest(null), key);
        }).ToList();
        go.Release(requests.Count);
        var responses = await Task.WhenAll(requests);

        await AssertOneAnswerAsync(responses, HttpStatusCode.OK);
        Assert.Equal(1, await app.WithDbAsync(db => db.AppointmentEvents.CountAsync(e => e.AppointmentId == booked.Id && e.Kind == AppointmentEventKind.Cancelled, Ct)));
    }

    [Fact]
    public async Task Book_CommittedButAnswerNotStored_RetryRebuildsTheOriginalAnswer()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var key = NewKey();
        var original = await AnswerOfAsync(await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key));
        var booked = System.Text.Json.JsonSerializer.Deserialize<AppointmentView>(original.Body, System.Text.Json.JsonSerializerOptions.Web)!;
        // The key's record was written by the booking's own save, with the appointment it made.
        Assert.Equal(booked.Id.ToString(), await app.WithDbAsync(db => db.IdempotencyKeys
            .Where(r => r.AccountId == patient.Id && r.Key == key).Select(r => r.ResourceId).SingleAsync(Ct)));
        await ForgetAnswerAsync(patient, key);

        var retry = await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);

        Assert.Equal(original, await AnswerOfAsync(retry));
        Assert.True(Replayed(retry));
        Assert.Equal(1, await AppointmentsOfAsync(patient));
        Assert.Equal(201, await app.WithDbAsync(db => db.IdempotencyKeys
            .Where(r => r.AccountId == patient.Id && r.Key == key).Select(r => r.StatusCode).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Book_RefusedWithKey_KeepsNoRecordSoTheKeyRunsWhenTheSlotIsFree()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var other = (await app.CreatePatientsAsync(1))[0];
        var taken = await other.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var key = NewKey();

        await (await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.False(await app.WithDbAsync(db => db.IdempotencyKeys.AnyAsync(r => r.AccountId == patient.Id, Ct)));
        (await other.Client.PostAsJsonAsync($"{Appointments}/{taken.Id}/cancel", new CancelAppointmentRequest(null), Ct)).EnsureSuccessStatusCode();
        var booked = await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);
        var retry = await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key);

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.False(Replayed(booked));
        Assert.True(Replayed(retry));
        Assert.Equal(await AnswerOfAsync(booked), await AnswerOfAsync(retry));
    }

    [Fact]
    public async Task Book_After24Hours_TheKeyRunsAnew()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var key = NewKey();
        var first = await AnswerOfAsync(await PostAsync(patient.Client, Appointments, Booking(doctor, 10), key));

        app.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        await (await PostAsync(patient.Client, Appointments, Booking(doctor, 11), key)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var anew = await PostAsync(patient.Client, Appointments, Booking(doctor, 11), key);

        Assert.Equal(HttpStatusCode.Created, anew.StatusCode);
        Assert.False(Replayed(anew));
        Assert.NotEqual(first.Location, anew.Headers.Location?.OriginalString);
        Assert.Equal(2, await AppointmentsOfAsync(patient));
    }

    [Fact]
    public async Task ExpiredKeys_AreDeletedBySweep()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var (oldKey, newKey) = (NewKey(), NewKey());
        await PostAsync(patient.Client, Appointments, Booking(doctor, 10), oldKey);
        app.Clock.Advance(TimeSpan.FromHours(23));
        await PostAsync(patient.Client, Appointments, Booking(doctor, 11), newKey);
        app.Clock.Advance(TimeSpan.FromHours(1));

        await app.WithDbAsync(db => IdempotencyRecord.DeleteExpiredAsync(db, Instant.FromDateTimeOffset(app.Clock.GetUtcNow()), Ct));

        Assert.Equal([newKey], await app.WithDbAsync(db => db.IdempotencyKeys.Where(r => r.AccountId == patient.Id).Select(r => r.Key).ToListAsync(Ct)));
    }

    [Fact]
    public async Task Hold_RetryWithSameKey_HoldsOnceAndReplays()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var key = NewKey();
        var request = new HoldSlotRequest(doctor.DoctorId, doctor.TypeId, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));

        var first = await PostAsync(patient.Client, $"{Appointments}/holds", request, key);
        var retry = await PostAsync(patient.Client, $"{Appointments}/holds", request, key);
        await ForgetAnswerAsync(patient, key);
        var afterCrash = await PostAsync(patient.Client, $"{Appointments}/holds", request, key);

        var original = await AnswerOfAsync(first);
        Assert.Equal(HttpStatusCode.Created, original.Status);
        Assert.Equal(original, await AnswerOfAsync(retry));
        Assert.Equal(original, await AnswerOfAsync(afterCrash));
        Assert.True(Replayed(retry) && Replayed(afterCrash));
        var hold = Assert.Single(await app.WithDbAsync(db => db.SlotHolds.Where(h => h.PatientId == patient.Id).Select(h => h.Id).ToListAsync(Ct)));
        Assert.Equal($"{Appointments}/holds/{hold}", original.Location);
    }

    [Fact]
    public async Task Reschedule_RetryWithSameKey_MovesOnceAndReplays()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var key = NewKey();
        var request = new RescheduleRequest(app.LocalTimeTomorrow(doctor, 14, daysAhead: 3), null);

        var first = await PostAsync(patient.Client, $"{Appointments}/{booked.Id}/reschedule", request, key);
        var retry = await PostAsync(patient.Client, $"{Appointments}/{booked.Id}/reschedule", request, key);

        var moved = await first.ShouldBeOkJsonAsync<AppointmentView>();
        Assert.Equal((request.Start, 1), (moved.Start, moved.RescheduleCount));
        Assert.Equal(await AnswerOfAsync(first), await AnswerOfAsync(retry));
        Assert.True(Replayed(retry));
        Assert.Equal(1, await app.WithDbAsync(db => db.AppointmentEvents.CountAsync(e => e.AppointmentId == booked.Id && e.Kind == AppointmentEventKind.Rescheduled, Ct)));
    }

    [Fact]
    public async Task Cancel_RetryWithSameKey_Replays200NotAlreadyCancelled()
    {
        var (doctor, patient) = await DoctorAndPatientAsync();
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var key = NewKey();
        var url = $"{Appointments}/{booked.Id}/cancel";

        var first = await PostAsync(patient.Client, url, new CancelAppointmentRequest("Feeling better"), key);
        var retry = await PostAsync(patient.Client, url, new CancelAppointmentRequest("Feeling better"), key);
        await ForgetAnswerAsync(patient, key);
        var afterCrash = await PostAsync(patient.Client, url, new CancelAppointmentRequest("Feeling better"), key);

        Assert.Equal("cancelled", (await first.ShouldBeOkJsonAsync<AppointmentView>()).Status);
        var original = await AnswerOfAsync(first);
        Assert.Equal(original, await AnswerOfAsync(retry));
        Assert.Equal(original, await AnswerOfAsync(afterCrash));
        Assert.True(Replayed(retry) && Replayed(afterCrash));
        Assert.Equal(1, await app.WithDbAsync(db => db.AppointmentEvents.CountAsync(e => e.AppointmentId == booked.Id && e.Kind == AppointmentEventKind.Cancelled, Ct)));
    }

    [Fact]
    public async Task Status_DoctorRetriesAConfirmationWithSameKey_ConfirmsOnceAndReplays()
    {
        var (doctor, patient) = await DoctorAndPatientAsync(policy: p => p.AutoConfirm = false);
        var booked = await patient.BookOkAsync(doctor, app.LocalTimeTomorrow(doctor, 10, daysAhead: 3));
        var doctorUser = await app.CreateDoctorUserAsync(doctor);
        var key = NewKey();
        var url = $"{Appointments}/{booked.Id}/status";

        var first = await PostAsync(doctorUser.Client, url, new ChangeStatusRequest("confirmed", null), key);
        var retry = await PostAsync(doctorUser.Client, url, new ChangeStatusRequest("confirmed", null), key);

        Assert.Equal("confirmed", (await first.ShouldBeOkJsonAsync<AppointmentView>()).Status);
        Assert.Equal(await AnswerOfAsync(first), await AnswerOfAsync(retry));
        Assert.True(Replayed(retry));
        Assert.Equal(1, await app.WithDbAsync(db => db.AppointmentHistory.CountAsync(h => h.AppointmentId == booked.Id && h.ToStatus == AppointmentStatus.Confirmed, Ct)));
    }
}
