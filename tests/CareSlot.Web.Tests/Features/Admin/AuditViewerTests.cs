using System.Net;
using System.Net.Http.Json;
using System.Text;
using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Audit;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Tests.Features.Appointments;
using CareSlot.Web.Tests.Infrastructure;
using CareSlot.Web.Tests.Platform.Security;
using CareSlot.Web.Tests.Platform.Security.Audit;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CareSlot.Web.Tests.Features.Admin;

public sealed class AuditViewerTestsOnSqlite(SqliteApp app) : AuditViewerTests(app), IClassFixture<SqliteApp>;

public sealed class AuditViewerTestsOnPostgres(PostgresApp app) : AuditViewerTests(app), IClassFixture<PostgresApp>;

/// <summary>
/// The administrators' audit viewer (/admin/audit and /api/v1/admin/audit): each filter, keyset paging, the CSV export,
/// verification of the chains, refusals of bad parameters, and the rows the export and the verification write. Each test
/// works on accounts of its own, so the rows other tests add to the class's one trail never match its filters.
/// </summary>
public abstract class AuditViewerTests(CareSlotApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Instant Now => Instant.FromDateTimeOffset(app.Clock.GetUtcNow());

    private Task<ApiUser> AdminAsync() => app.CreateApiUserAsync(Roles.Admin, multiFactor: true);

    private static string Escaped(string value) => Uri.EscapeDataString(value);

    private static async Task<AuditPageDto> SearchOkAsync(HttpClient admin, string query) =>
        await (await admin.GetAsync(new Uri("/api/v1/admin/audit?" + query, UriKind.Relative), Ct)).ShouldBeOkJsonAsync<AuditPageDto>();

    private Task<AuditEntry[]> RowsAsync(Func<IQueryable<AuditEntry>, IQueryable<AuditEntry>> which) =>
        app.WithDbAsync(async db => await which(db.AuditTrail.AsNoTracking()).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToArrayAsync(Ct));

    [Fact]
    public async Task Search_ByEachFilter_FindsOnlyItsRows_NewestFirst_WithNames()
    {
        var admin = await AdminAsync();
        var doctor = await app.CreateApiUserAsync(Roles.Doctor);
        var patient = await app.CreateApiUserAsync(Roles.Patient);
        var stranger = Guid.NewGuid();
        app.Clock.Advance(TimeSpan.FromDays(1));
        var start = Now;
        await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, patient.Id, "history", doctor.Id, Roles.Doctor));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.RecordAuditAsync(new AuditEvent(AuditActions.NoteWrite, AuditOutcome.Refused, patient.Id, "visit-note 1", stranger, Roles.Doctor));
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RecordAuditAsync(new AuditEvent(AuditActions.SignInFailed, AuditOutcome.Failed, null, $"account {doctor.Id}", doctor.Id, Roles.Doctor));
        string[] Ids(AuditPageDto page) => [.. page.Entries.Select(e => e.Record ?? "")];
        var day = start.InUtc().Date.ToString("uuuu-MM-dd", null);

        Assert.Equal([$"account {doctor.Id}", "history"], Ids(await SearchOkAsync(admin.Client, $"user={doctor.Id}")));
        Assert.Equal([$"account {doctor.Id}", "history"], Ids(await SearchOkAsync(admin.Client, $"user={Escaped(doctor.Email.ToUpperInvariant())}")));
        Assert.Equal(["visit-note 1", "history"], Ids(await SearchOkAsync(admin.Client, $"patient={Escaped(patient.Email)}")));
        Assert.Equal(["history"], Ids(await SearchOkAsync(admin.Client, $"patient={patient.Id}&action=history.")));
        Assert.Equal(["visit-note 1"], Ids(await SearchOkAsync(admin.Client, $"patient={patient.Id}&action=note.write")));
        Assert.Equal(["visit-note 1"], Ids(await SearchOkAsync(admin.Client, $"patient={patient.Id}&outcome=refused")));
        Assert.Equal([$"account {doctor.Id}"], Ids(await SearchOkAsync(admin.Client, $"user={doctor.Id}&outcome=Failed")));
        Assert.Equal([$"account {doctor.Id}"], Ids(await SearchOkAsync(admin.Client, $"user={doctor.Id}&from={Escaped(IsoText(start + Duration.FromMinutes(1)))}")));
        // A date as the end includes the whole day; a date and time the whole minute.
        Assert.Equal(["history"], Ids(await SearchOkAsync(admin.Client, $"user={doctor.Id}&to={day}")));
        var minute = start.InUtc().LocalDateTime.ToString("uuuu-MM-dd HH:mm", null);
        Assert.Equal(["history"], Ids(await SearchOkAsync(admin.Client, $"user={doctor.Id}&from={Escaped(minute)}&to={Escaped(minute)}")));
        Assert.Empty((await SearchOkAsync(admin.Client, $"user={doctor.Id}&action=message.")).Entries);

        var row = Assert.Single((await SearchOkAsync(admin.Client, $"patient={patient.Id}&action=history.read")).Entries);
        Assert.Equal((doctor.Id, "Doctor Person", doctor.Email, "Doctor"), (row.ActorId!.Value, row.ActorName, row.ActorEmail, row.ActorRole));
        Assert.Equal((patient.Id, "Patient Person", "Allowed"), (row.PatientId!.Value, row.PatientName, row.Outcome));
        Assert.Equal(IsoText(start), row.At);
        var unknownActor = Assert.Single((await SearchOkAsync(admin.Client, $"user={stranger}")).Entries);
        Assert.Null(unknownActor.ActorName);
    }

    private static string IsoText(Instant at) => CareSlot.Web.Platform.Time.IsoTime.Format(at, DateTimeZone.Utc);

    [Fact]
    public async Task Paging_RowsSharingTheirTimes_WalkedOlderAndBackNewer_WithoutGapsOrRepeats()
    {
        var admin = await AdminAsync();
        var actor = Guid.NewGuid();
        for (var i = 0; i < 125; i++)
        {
            // Groups of seven rows at the very same microsecond: page boundaries fall inside them.
            if (i % 7 == 0) app.Clock.Advance(TimeSpan.FromSeconds(1));
            await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, Guid.NewGuid(), $"history {i}", actor, Roles.Doctor));
        }
        var expected = (await RowsAsync(rows => rows.Where(e => e.ActorId == actor))).Select(e => e.Id).ToArray();

        var pages = new List<AuditPageDto> { await SearchOkAsync(admin.Client, $"user={actor}") };
        while (pages[^1].NextCursor is { } older) pages.Add(await SearchOkAsync(admin.Client, $"user={actor}&cursor={Escaped(older)}"));

        Assert.Equal([50, 50, 25], pages.Select(p => p.Entries.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Entries.Select(e => e.Id)));
        Assert.Null(pages[0].PreviousCursor);
        var back = new List<AuditPageDto> { pages[^1] };
        while (back[^1].PreviousCursor is { } newer) back.Add(await SearchOkAsync(admin.Client, $"user={actor}&cursor={Escaped(newer)}"));
        Assert.Equal(pages.Select(p => p.Entries.Select(e => e.Id).ToArray()), back.AsEnumerable().Reverse().Select(p => p.Entries.Select(e => e.Id).ToArray()));
        Assert.Null(back[^1].PreviousCursor);
        Assert.NotNull(back[^1].NextCursor);
    }

    [Fact]
    public async Task Page_ShowsRowsWithoutContent_AndItsOlderLinkLeadsOn_KeepingTheFilter()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var doctor = await app.CreateApiUserAsync(Roles.Doctor);
        var patient = await app.CreateApiUserAsync(Roles.Patient);
        for (var i = 0; i < 51; i++)
        {
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, patient.Id, $"history {i}", doctor.Id, Roles.Doctor));
        }

        var response = await admin.Browser.GetAsync(new Uri($"/admin/audit?user={Escaped(doctor.Email)}&action=history.", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        var rows = page.QuerySelectorAll(".audit-log tbody tr").ToList();
        Assert.Equal(50, rows.Count);
        var cells = rows[0].Children.Select(c => c.TextContent.Trim()).ToArray();
        Assert.Contains("Doctor Person", cells[1], StringComparison.Ordinal);
        Assert.Contains(doctor.Email, cells[1], StringComparison.Ordinal);
        Assert.Contains("Doctor", cells[1], StringComparison.Ordinal);
        Assert.Equal(["history.read", "Allowed", "Patient Person", "history 50"], cells[2..]);
        Assert.Equal(doctor.Email, ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#user")!).Value);
        Assert.Equal("history.", ((AngleSharp.Html.Dom.IHtmlSelectElement)page.QuerySelector("#action")!).Value);
        var older = page.QuerySelector("nav.pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Null(page.QuerySelector("nav.pager a[rel=prev]"));

        var next = await (await admin.Browser.GetAsync(new Uri(older, UriKind.Relative), Ct)).ReadHtmlAsync();
        var last = Assert.Single(next.QuerySelectorAll(".audit-log tbody tr"));
        Assert.Equal("history 0", last.Children[^1].TextContent.Trim());
        Assert.NotNull(next.QuerySelector("nav.pager a[rel=prev]"));
        Assert.Null(next.QuerySelector("nav.pager a[rel=next]"));
    }

    [Fact]
    public async Task Export_QuotesFieldsAndDefusesFormulas_AsUtf8Csv_AndIsAuditedWithItsFilter()
    {
        var admin = await AdminAsync();
        var doctor = await app.CreateApiUserAsync(Roles.Doctor);
        const string Name = "=HYPERLINK(\"http://evil.example\",\"Jörg\"), Müller";
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == doctor.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.FullName, Name), Ct));
        foreach (var record in new[] { "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "plain, with comma" })
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await app.RecordAuditAsync(new AuditEvent(AuditActions.NoteRead, AuditOutcome.Allowed, null, record, doctor.Id, Roles.Doctor));
        }
        var before = await app.AuditHeadAsync();

        var response = await admin.Client.GetAsync(new Uri($"/api/v1/admin/audit/export?user={doctor.Id}&action=note.read", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var records = Csv(text);
        Assert.Equal(ExportAuditTrail.Columns, records[0]);
        Assert.Equal(5, records.Count);
        Assert.All(records.Skip(1), r => Assert.Equal("'" + Name, r[3]));
        Assert.Equal(["plain, with comma", "'@SUM(1,2)", "'-2+3", "'+cmd|' /C calc'!A0"], records.Skip(1).Select(r => r[10]));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Jörg\"\"), Müller\"", text, StringComparison.Ordinal);

        var audit = Assert.Single(await app.AuditRowsAfterAsync(before));
        Assert.Equal((AuditActions.AuditExported, AuditOutcome.Allowed, admin.Id), (audit.Action, audit.Outcome, audit.ActorId!.Value));
        Assert.Equal($"audit-trail user={doctor.Id} action=note.read", audit.Record);
        Assert.Null(audit.PatientId);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@A1", "'@A1")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a\nb", "\"a\nb\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void CsvCell_QuotesPerRfc4180_AfterDefusingFormulas(string value, string written) =>
        Assert.Equal(written, ExportAuditTrail.Cell(value));

    [Fact]
    public async Task ExportOnThePage_TheCurrentFilter_AsCsv()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var patient = await app.CreateApiUserAsync(Roles.Patient);
        await app.RecordAuditAsync(new AuditEvent(AuditActions.ReasonRead, AuditOutcome.Allowed, patient.Id, "appointment 1", Guid.NewGuid(), Roles.Doctor));
        var page = await (await admin.Browser.GetAsync(new Uri($"/admin/audit?patient={patient.Id}", UriKind.Relative), Ct)).ReadHtmlAsync();
        var link = page.QuerySelector("a[href*='handler=Export']")!.GetAttribute("href")!;

        var response = await admin.Browser.GetAsync(new Uri(link, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var records = Csv(Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync(Ct))[3..]));
        Assert.Equal(["appointment 1"], records.Skip(1).Select(r => r[10]));
    }

    [Fact]
    public async Task Verify_UntouchedTrail_SaysIntactWithTheRowsChecked_AndIsAudited()
    {
        var admin = await AdminAsync();
        await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, Guid.NewGuid(), "history", Guid.NewGuid(), Roles.Doctor));
        var before = await app.AuditHeadAsync();
        var total = await app.WithDbAsync(db => db.AuditTrail.LongCountAsync(Ct));

        var result = await (await admin.Client.PostAsync(new Uri("/api/v1/admin/audit/verify", UriKind.Relative), null, Ct)).ShouldBeOkJsonAsync<AuditVerificationDto>();

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(total, result.RowsChecked);
        Assert.Null(result.Broken);
        var audit = Assert.Single(await app.AuditRowsAfterAsync(before));
        Assert.Equal((AuditActions.AuditVerified, admin.Id, $"audit-trail intact, {total} rows"), (audit.Action, audit.ActorId!.Value, audit.Record));
    }

    [Fact]
    public async Task Verify_RowAlteredInTheDatabase_NamesIt_OnTheApiAndThePage()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);
        var actor = Guid.NewGuid();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await app.RecordAuditAsync(new AuditEvent(AuditActions.HistoryRead, AuditOutcome.Allowed, Guid.NewGuid(), $"history {i}", actor, Roles.Doctor));
        }
        var victim = (await RowsAsync(rows => rows.Where(e => e.ActorId == actor)))[1];
        var named = AuditVerifier.Name(victim.Lane, victim.Sequence);
        try
        {
            await app.ExecuteAsync($"""UPDATE "AuditTrail" SET "Record" = 'history 99' WHERE "Id" = {victim.Id}""");

            var result = await (await admin.Bearer.PostAsync(new Uri("/api/v1/admin/audit/verify", UriKind.Relative), null, Ct)).ShouldBeOkJsonAsync<AuditVerificationDto>();
            Assert.False(result.Intact);
            Assert.Equal(named, result.Broken);
            Assert.Equal("its fields do not give its hash: the row was altered.", result.Problem);

            var posted = await admin.Browser.SubmitFormAsync("/admin/audit", new Dictionary<string, string>(), formSelector: "form[action*='handler=Verify']");
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            var page = await (await admin.Browser.GetAsync(posted.Headers.Location!, Ct)).ReadHtmlAsync();
            var alert = page.QuerySelector(".notice[role=alert]")!.TextContent;
            Assert.Contains("The audit trail is broken", alert, StringComparison.Ordinal);
            Assert.Contains($"{named} ({AuditVerifier.Format(victim.At)}): its fields do not give its hash", alert, StringComparison.Ordinal);
            var audit = await RowsAsync(rows => rows.Where(e => e.Action == AuditActions.AuditVerified && e.Record!.Contains(named + ",")));
            Assert.Equal(2, audit.Length);
        }
        finally
        {
            await app.ExecuteAsync($"""DELETE FROM "AuditTrail" WHERE "Id" = {victim.Id}""");
            await app.RestoreAuditRowAsync(victim);
        }

        var posted2 = await admin.Browser.SubmitFormAsync("/admin/audit", new Dictionary<string, string>(), formSelector: "form[action*='handler=Verify']");
        var sound = await (await admin.Browser.GetAsync(posted2.Headers.Location!, Ct)).ReadHtmlAsync();
        Assert.Contains("The audit trail is intact", sound.QuerySelector(".notice[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadParameters => new()
    {
        { "user", "not an address", "user" },
        { "user", "nobody-at-all@example.com", "user" },
        { "patient", "12345", "patient" },
        { "action", "History.Read", "action" },
        { "action", "history..read", "action" },
        { "action", "' OR 1=1; --", "action" },
        { "outcome", "maybe", "outcome" },
        { "outcome", "1", "outcome" },
        { "from", "2026-13-01", "from" },
        { "from", "9999-12-31T23:59:59-18:00", "from" },
        { "to", "24:00", "to" },
        { "cursor", "o.1.2.3", "cursor" },
        { "cursor", "x.1795510800000000.1", "cursor" },
        { "cursor", "o.99999999999999999999.1", "cursor" },
        { "cursor", "o.-9999999999999999.1", "cursor" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task BadParameter_Is400NamingIt_OnTheApi_AndNextToTheFieldOnThePage(string parameter, string value, string named)
    {
        var admin = await AdminAsync();

        var problem = await (await admin.Client.GetAsync(new Uri($"/api/v1/admin/audit?{parameter}={Escaped(value)}", UriKind.Relative), Ct))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal([named], problem.Errors.Keys);
        if (parameter != "cursor")
        {
            var export = await admin.Client.GetAsync(new Uri($"/api/v1/admin/audit/export?{parameter}={Escaped(value)}", UriKind.Relative), Ct);
            Assert.Equal(named, Assert.Single((await export.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors.Keys));
        }
    }

    [Fact]
    public async Task BadFilterOnThePage_Is400_WithEachMessageNextToItsField_AndNoRows()
    {
        var admin = await app.SignInAsync(Caller.AdminWithSecondFactor);

        var response = await admin.Browser.GetAsync(new Uri("/admin/audit?user=nobody-at-all%40example.com&outcome=maybe&from=2026-11-24&to=2026-11-23", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal("No account has that e-mail address.", page.QuerySelector("#user-error")!.TextContent);
        Assert.Equal("Choose one of the outcomes in the list: allowed, refused or failed.", page.QuerySelector("#outcome-error")!.TextContent);
        Assert.Equal("The end of the period must not be before its start.", page.QuerySelector("#to-error")!.TextContent);
        Assert.Null(page.QuerySelector("#from-error"));
        Assert.Equal(3, page.QuerySelectorAll(".error-summary li").Length);
        Assert.Null(page.QuerySelector(".audit-log"));

        var badCursor = await admin.Browser.GetAsync(new Uri("/admin/audit?cursor=nonsense", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Contains("This link to a page of the audit trail is not valid", (await badCursor.ReadHtmlAsync()).QuerySelector(".error-summary")!.TextContent,
            StringComparison.Ordinal);
    }

    /// <summary>RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<string[]> Csv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        return records;
    }
}
