using System.Diagnostics;
using System.Globalization;
using MusicEmotion.Library.Storage;
using MusicEmotion.Tests.Cli;
using MusicEmotion.Tests.Support;
using Npgsql;

namespace MusicEmotion.Tests.Library;

/// <summary>
/// Three scanner processes against one real PostgreSQL catalog, one of them killed while it holds a file: the
/// survivors take its file once its lease runs out, and every track is indexed exactly once.
/// </summary>
public sealed class SharedCatalogTests : IDisposable
{
    private const int Files = 16;

    private readonly TempFolder _folder = new();
    private readonly PostgresServer _server = PostgresServer.Create();

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    [SkippableFact]
    public async Task ThreeScannersShareTheWorkAndAKilledOneLosesNothing()
    {
        for (int i = 0; i < Files; i++)
        {
            LibraryMusic.Write(_folder, $"music/{i:D2}.wav", seed: 100 + i, seconds: 30);
        }
        string music = _folder.File("music");
        Process[] scanners = [.. Enumerable.Range(0, 3).Select(_ => LibraryCli.StartScan(_server.Url, music, "--jobs", "1", "--lease", "3"))];
        Task<string>[] errors = [.. scanners.Select(scanner => scanner.StandardError.ReadToEndAsync())];
        Process victim = scanners[0];

        string held = WaitForFileHeldBy(victim);
        victim.Kill();
        await victim.WaitForExitAsync();
        foreach (Process survivor in scanners[1..])
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await survivor.WaitForExitAsync(patience.Token);
        }

        for (int i = 1; i < 3; i++)
        {
            Assert.True(scanners[i].ExitCode == 0, await errors[i]);
        }
        Assert.Equal(Files, Count("SELECT COUNT(*) FROM tracks WHERE status = 'indexed'"));
        Assert.Equal(Files, Count("SELECT COUNT(*) FROM tracks WHERE analyses = 1"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM tracks WHERE path = '{held}'"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM scan_jobs"));
        Assert.True(Count($"SELECT COUNT(*) FROM scan_workers WHERE pid <> {victim.Id} AND done > 0") >= 1);
        CliResult workers = LibraryCli.Run(_server.Url, "workers");
        Assert.True(workers.ExitCode == 0, workers.ToString());
        Assert.Contains("0 files in the queue", workers.Stdout, StringComparison.Ordinal);
        Assert.Contains($":{victim.Id}:0 ", workers.Stdout, StringComparison.Ordinal);
        foreach (Process scanner in scanners)
        {
            scanner.Dispose();
        }
    }

    /// <summary>The file the victim is analysing, as its worker row says, once it says one.</summary>
    private string WaitForFileHeldBy(Process victim)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string? held = Text($"SELECT current_path FROM scan_workers WHERE pid = {victim.Id} AND current_path IS NOT NULL");
            if (held is not null)
            {
                return held;
            }
            Assert.False(victim.HasExited, "the scanner to be killed finished before it was seen working");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the scanner to be killed was not seen working within two minutes");
            Thread.Sleep(20);
        }
    }

    private long Count(string sql) => Convert.ToInt64(Query(sql), CultureInfo.InvariantCulture);

    private string? Text(string sql) => Query(sql) as string;

    private object? Query(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresUrl.Parse(_server.Url).ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        try
        {
            return command.ExecuteScalar();
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // the scanners have not created the catalog yet
        }
    }
}
