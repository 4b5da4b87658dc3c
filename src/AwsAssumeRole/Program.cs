using System.Runtime.InteropServices;
using AwsAssumeRole.Cli;
using AwsAssumeRole.Streams;

// Before anything opens a descriptor or reads a secret (see StandardStreams, CoreDumps).
StandardStreams.Claim();
CoreDumps.Disable();

using var cancellation = new CancellationTokenSource();

// Ctrl+C cancels the chain. A POSIX signal registration rather than Console.CancelKeyPress, which
// would initialise the console (see StandardStreams).
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

var stderr = StandardStreams.Error();
try
{
    return await App.RunAsync(args, ProcessEnvironment.Instance, StandardStreams.Output(), stderr, !Console.IsOutputRedirected, cancellation.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    await stderr.WriteAsync("aws-assume-role: error: interrupted\n").ConfigureAwait(false);
    return 130;
}
