using CareSlot.Bench;
using CareSlot.Bench.Chart;
using CareSlot.Bench.Generate;
using CareSlot.Bench.Load;
using CareSlot.Bench.Oversight;
using CareSlot.Bench.Peak;
using CareSlot.Bench.Report;

const string Usage = """
    CareSlot benchmarks.

      generate  --connection CS [--small] [--doctors N] [--patients N] [--appointments N] [--out DIR] [--reset] [--seed N]
                Fills an empty, migrated PostgreSQL database with COPY and writes the load scripts' input files to DIR.
      book      --url URL [--data DIR] [--patients N] [--requests N] [--warm-up N] [--connections N] [--max-seconds N] [--results FILE]
                Signs in patients, spreads free slots over them and books them all, then reports throughput and latency.
      dispatch  --connection CS [--messages N] [--max-seconds N] [--results FILE]
                Queues N confirmation e-mails due now and times the running app's dispatcher sending them to its SMTP server.
      chart-setup  --connection CS [--out DIR] [--entries N] [--seed N]
                Gives a generated doctor an account with two-factor on and one of their patients N history entries (200);
                writes the sign-in details and the patient to DIR/chart.json.
      chart     --url URL [--data DIR] [--connections N] [--seconds N] [--warm-up-seconds N] [--results FILE]
                Signs in as that doctor (TOTP) and times GET /patients/{id}/chart, checking every answer is the patient's chart.
      oversight-setup  --connection CS [--out DIR] [--seed N]
                Gives the dataset an administrator with two-factor on and picks the filters the oversight load walks;
                writes the sign-in details and the filters to DIR/oversight.json.
      oversight --url URL [--data DIR] [--connections N] [--seconds N] [--warm-up-seconds N] [--walk-pages N] [--results FILE]
                Signs in as that administrator (TOTP) and walks GET /api/v1/admin/appointments page by page (nextCursor), filter
                after filter, timing every page and checking each is a right page of the list.
      peak      --url URL [--data DIR] [--label TEXT] [--steps 4,8,16,...] [--step-seconds N] [--warm-up-seconds N] [--patients N] [--trust-certificate PEM] [--results FILE]
                The mixed workload (browse, search, slots, hold, book, cancel, messages) at rising concurrency: throughput,
                p50/p95/p99, errors and refusals per step. --trust-certificate trusts the topology's self-made certificate.
      peak-report  --results FILE [--markdown FILE] [--svg FILE]
                The peak steps of each label (1 instance, 3 instances) as a table with each run's knee, and a two-panel chart.
      report    --results FILE [--before FILE] [--markdown FILE] [--svg FILE]
                Turns the results (one JSON object a line) into a table of measured against target, and a chart.
    """;

var arguments = new Arguments(args.Skip(1));
try
{
    return args.FirstOrDefault() switch
    {
        "generate" => await DatasetGenerator.RunAsync(GenerateOptions.From(arguments)),
        "book" => await BookingLoad.RunAsync(BookingOptions.From(arguments)),
        "dispatch" => await DispatchLoad.RunAsync(DispatchOptions.From(arguments)),
        "chart-setup" => await ChartSetup.RunAsync(ChartSetupOptions.From(arguments)),
        "chart" => await ChartLoad.RunAsync(ChartLoadOptions.From(arguments)),
        "oversight-setup" => await OversightSetup.RunAsync(OversightSetupOptions.From(arguments)),
        "oversight" => await OversightLoad.RunAsync(OversightLoadOptions.From(arguments)),
        "peak" => await PeakLoad.RunAsync(PeakOptions.From(arguments)),
        "peak-report" => PeakReport.Run(arguments),
        "report" => ResultsReport.Run(arguments),
        _ => ShowUsage(),
    };
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

int ShowUsage()
{
    Console.Error.WriteLine(Usage);
    return 2;
}
