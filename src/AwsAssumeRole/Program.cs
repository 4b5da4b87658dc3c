using AwsAssumeRole.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    return await App.RunAsync(args, ProcessEnvironment.Instance, Console.OpenStandardOutput(), Console.Error, cancellation.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteAsync("aws-assume-role: error: interrupted\n").ConfigureAwait(false);
    return 130;
}
