using CareSlot.Web.Features.Accounts;
using CareSlot.Web.Features.Admin.Audit;
using CareSlot.Web.Features.Admin.Clinics;
using CareSlot.Web.Features.Admin.Accounts;
using CareSlot.Web.Features.Admin.Disputes;
using CareSlot.Web.Features.Appointments;
using CareSlot.Web.Features.Disputes;
using CareSlot.Web.Features.DoctorTime;
using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Features.Messaging;
using CareSlot.Web.Features.Notifications;
using CareSlot.Web.Features.Records;
using CareSlot.Web.Features.Schedules;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Operations;
using CareSlot.Web.Platform.Security;
using CareSlot.Web.Platform.Security.Audit;
using CareSlot.Web.Platform.Security.Encryption;
using CareSlot.Web.Platform.Time;
using CareSlot.Web.Platform.Web;
using CareSlot.Web.Platform.Web.Idempotency;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddSite();
builder.AddCareSlotData();
builder.Services.AddClock();
builder.Services.AddCareSlotProblemDetails();
builder.Services.AddSecurityHeaders();
builder.Services.AddCareSlotHealthChecks();
builder.Services.AddOpenApi();
builder.Services.AddCareSlotPages();
builder.Services.AddSiteLanguages(builder.Configuration);
builder.Services.AddCareSlotRateLimiting(builder.Configuration);
builder.Services.AddIdempotencyKeys();
builder.Services.AddFieldEncryption();
builder.Services.AddAuditTrail();

builder.AddAccounts();
builder.AddDoctors();
builder.AddDoctorTime();
builder.AddSchedules();
builder.AddNotifications();
builder.AddAppointments();
builder.AddRecords();
builder.AddMessaging();
builder.AddDisputes();
builder.AddAuditViewer();
builder.AddClinicsAdmin();
builder.AddAdminAccounts();

var app = builder.Build();

if (await app.TryRunCommandAsync(args)) return;
await app.InitializeDatabaseAsync();

app.UseForwardedHeadersFromTrustedProxies();
app.UseCareSlotErrorHandling();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseRouting();
app.UseAuthentication();
// After authentication: a signed-in person's language is a claim of their session.
app.UseRequestLocalization();
app.UseAuthorization();
app.UseRateLimiter();
app.UseOutputCache();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapCareSlotHealthChecks();
app.MapOpenApi();
app.MapScalarApiReference("/api/docs", options => options.WithTitle("CareSlot API"));
var api = app.MapGroup("").RefuseHostileText();
api.MapDoctorsApi();
api.MapSchedulesApi();
api.MapDoctorTimeApi();
api.MapMyScheduleApi();
api.MapAppointmentsApi();
api.MapAccountsApi();
api.MapRecordsApi();
api.MapAccessLogApi();
api.MapMessagingApi();
api.MapAuditViewerApi();
api.MapClinicsAdminApi();
api.MapAdminAccountsApi();
api.MapDisputesApi();
api.MapAdminDisputesApi();
app.MapMessagesHub();

app.Run();

public partial class Program;
