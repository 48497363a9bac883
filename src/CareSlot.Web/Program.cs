using CareSlot.Web.Features.Doctors;
using CareSlot.Web.Platform.Data;
using CareSlot.Web.Platform.Observability;
using CareSlot.Web.Platform.Operations;
using CareSlot.Web.Platform.Web;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddCareSlotData();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddCareSlotProblemDetails();
builder.Services.AddCareSlotHealthChecks();
builder.Services.AddOpenApi();
builder.Services.AddCareSlotPages();
builder.Services.AddDoctors();

var app = builder.Build();

if (await app.TryRunCommandAsync(args)) return;
await app.InitializeDatabaseAsync();

app.UseCareSlotErrorHandling();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseRouting();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapCareSlotHealthChecks();
app.MapOpenApi();
app.MapScalarApiReference("/api/docs", options => options.WithTitle("CareSlot API"));
app.MapDoctorsApi();

app.Run();

public partial class Program;
