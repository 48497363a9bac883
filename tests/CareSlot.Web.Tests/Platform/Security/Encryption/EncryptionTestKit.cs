using System.Globalization;
using System.Net.Http.Json;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareSlot.Web.Tests.Platform.Security.Encryption;

/// <summary>
/// Another instance on <paramref name="first"/>'s database whose ring holds <paramref name="first"/>'s keys plus a new
/// one, <paramref name="newKeyId"/>, made current: the state an operator runs <c>rotate-keys</c> in. Its start-up sealing
/// is off, so the tests decide what seals what.
/// </summary>
public sealed class RotatedApp(CareSlotApp first, string newKeyId) : CareSlotApp
{
    public override DatabaseProvider Provider => first.Provider;

    protected override Task<Dictionary<string, string?>> DatabaseSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?>(first.DatabaseSettings)
        {
            [PhiKeysOptions.VariablePrefix + newKeyId] = PhiKeyRing.NewKeyText(),
            [$"{PhiKeysOptions.Section}:{nameof(PhiKeysOptions.CurrentKeyId)}"] = newKeyId,
            [$"{PhiKeysOptions.Section}:{nameof(PhiKeysOptions.SealPlaintextOnStart)}"] = "false",
        });
}

public static class EncryptionTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One number from plain SQL on the app's database, as an auditor would count.</summary>
    public static Task<long> CountAsync(this CareSlotApp app, string sql) => app.WithDbAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    });

    /// <summary>How many reasons start with <paramref name="prefix"/> (<c>phi1:t1:</c>), counted in SQL.</summary>
    public static Task<long> ReasonsStartingWithAsync(this CareSlotApp app, string prefix) =>
        app.CountAsync($"""SELECT count(*) FROM "Appointments" WHERE substr("Reason", 1, {prefix.Length}) = '{prefix}'""");

    /// <summary>Books one visit per reason, each by a new patient with the same new doctor; the patients keep their clients.</summary>
    public static async Task<IReadOnlyList<(ApiUser Patient, Guid Id, string Reason)>> BookReasonsAsync(this CareSlotApp app, params string[] reasons)
    {
        var doctor = await app.CreateBookableDoctorAsync();
        var patients = await app.CreatePatientsAsync(reasons.Length);
        var booked = new List<(ApiUser, Guid, string)>();
        for (var i = 0; i < reasons.Length; i++)
        {
            var response = await patients[i].BookAsync(doctor, app.LocalTimeTomorrow(doctor, 8 + i), reasons[i]);
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            booked.Add((patients[i], (await response.Content.ReadFromJsonAsync<AppointmentView>(Ct))!.Id, reasons[i]));
        }
        return booked;
    }

    /// <summary>The reason as the appointment's own patient reads it through <paramref name="on"/>'s API (their token is valid on every instance).</summary>
    public static async Task<string?> ReasonShownAsync(this CareSlotApp on, ApiUser patient, Guid id)
    {
        using var client = on.CreateClient();
        client.DefaultRequestHeaders.Authorization = patient.Client.DefaultRequestHeaders.Authorization;
        var details = await client.GetFromJsonAsync<AppointmentDetails>(new Uri($"/api/v1/appointments/{id}", UriKind.Relative), Ct);
        return details!.Appointment.Reason;
    }

    /// <summary>Puts plaintext in a reason, as a database from before encryption holds it.</summary>
    public static Task StoreReasonAsPlaintextAsync(this CareSlotApp app, Guid id, string reason) => app.WithDbAsync(db =>
        db.Appointments.Where(a => a.Id == id).ExecuteUpdateAsync(set => set.SetProperty(a => a.Reason, reason), Ct));
}
