# Puts the DirectML build of ONNX Runtime where a Windows build of musicemotion looks for it
# (NativeLibraries.OnnxRuntimeCacheDirectory):
#   $env:MUSICEMOTION_CACHE, else %LOCALAPPDATA%\musicemotion  +  \onnxruntime\1.31.1\win-<arch>
# A win-* build carries only ONNX Runtime's managed binding (NuGet does not serve Microsoft.ML.OnnxRuntime.DirectML
# here), so this is how Windows gets onnxruntime.dll at all: it runs the CPU provider and, with DirectML.dll and
# dxcompiler.dll beside it, `--provider dml`. The files come from the npm package onnxruntime-node@1.31.1 and are
# checked against the sha256 sums below. ONNX Runtime 1.31 serves C API version 31, the one the 1.32 managed binding
# asks for; 1.30 and older are refused by the program with a line naming the file. Safe to run again.
#   powershell -ExecutionPolicy Bypass -File tools\fetch-onnxruntime.ps1
#   $env:ORT_NPM_TARBALL = 'onnxruntime-node-1.31.1.tgz'   to use an already downloaded package
$ErrorActionPreference = 'Stop'

$version = '1.31.1'
$arch = switch ($env:PROCESSOR_ARCHITECTURE) {
    'AMD64' { 'x64' }
    'ARM64' { 'arm64' }
    default { throw "fetch-onnxruntime: onnxruntime-node@$version has no Windows library for $($env:PROCESSOR_ARCHITECTURE)" }
}
$rid = "win-$arch"
# sha256 of package/bin/napi-v6/win32/<arch>/* in onnxruntime-node-1.31.1.tgz, taken from the npm package itself.
$sums = @{
    'win-x64'   = @{
        'onnxruntime.dll' = 'beb6e1edba0e74c132453fe4df113da2ea2b99ef8ea7dfc25696a872efd11c45'
        'DirectML.dll'    = 'd16be72fa002dd610cca93e376f0ef44865dfce43de4b7bf9738af22534f7a9d'
        'dxcompiler.dll'  = '430eed027979399769a325b60319aca4e4afa4daebe475d3c763dcf2a0190a72'
    }
    'win-arm64' = @{
        'onnxruntime.dll' = '14d1cd398fa5bc8b5c61bdfba899f17b40550012ec2884955ce656a5d8a8ff77'
        'DirectML.dll'    = '4bb0639eb23a02de2c5f1eddd117f13330819f55b556e8c75068b68ad1a3516e'
        'dxcompiler.dll'  = '4a77bcadf4d437ad50d10517bb0b4a5a4c2fc84b1fde4d1cf5a5abe9e2dce431'
    }
}[$rid]

$cache = if ($env:MUSICEMOTION_CACHE) { $env:MUSICEMOTION_CACHE } else { Join-Path $env:LOCALAPPDATA 'musicemotion' }
$dest = Join-Path $cache "onnxruntime\$version\$rid"

function Test-InPlace {
    foreach ($file in $sums.Keys) {
        $path = Join-Path $dest $file
        if (-not (Test-Path $path) -or (Get-FileHash -Algorithm SHA256 $path).Hash.ToLowerInvariant() -ne $sums[$file]) {
            return $false
        }
    }
    return $true
}

if (Test-InPlace) {
    Write-Output "fetch-onnxruntime: ONNX Runtime $version (DirectML) already in $dest"
    exit 0
}

$work = Join-Path ([IO.Path]::GetTempPath()) ("musicemotion-ort-" + [Guid]::NewGuid())
New-Item -ItemType Directory $work | Out-Null
try {
    if ($env:ORT_NPM_TARBALL) {
        $tarball = $env:ORT_NPM_TARBALL
    } else {
        if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
            throw "fetch-onnxruntime: npm is needed to download onnxruntime-node@$version (install Node.js)"
        }
        Write-Output "fetch-onnxruntime: npm pack onnxruntime-node@$version"
        Push-Location $work
        try { npm pack --silent "onnxruntime-node@$version" | Out-Null } finally { Pop-Location }
        if ($LASTEXITCODE -ne 0) { throw "fetch-onnxruntime: npm pack onnxruntime-node@$version failed" }
        $tarball = Join-Path $work "onnxruntime-node-$version.tgz"
    }

    $members = $sums.Keys | ForEach-Object { "package/bin/napi-v6/win32/$arch/$_" }
    # tar.exe (bsdtar) ships with Windows 10 1803 and later.
    tar -xzf $tarball -C $work @members
    if ($LASTEXITCODE -ne 0) { throw "fetch-onnxruntime: $tarball is not an onnxruntime-node@$version package" }

    New-Item -ItemType Directory -Force $dest | Out-Null
    foreach ($file in $sums.Keys) {
        $extracted = Join-Path $work "package\bin\napi-v6\win32\$arch\$file"
        $actual = (Get-FileHash -Algorithm SHA256 $extracted).Hash.ToLowerInvariant()
        if ($actual -ne $sums[$file]) {
            throw "fetch-onnxruntime: $file from $tarball has sha256 $actual, expected $($sums[$file])"
        }
        # Copy then rename, so a process loading the library never sees a half-written file.
        Copy-Item $extracted (Join-Path $dest "$file.partial") -Force
        Move-Item (Join-Path $dest "$file.partial") (Join-Path $dest $file) -Force
    }
} finally {
    Remove-Item -Recurse -Force $work
}
Write-Output "fetch-onnxruntime: ONNX Runtime $version (DirectML) for $rid in $dest"
