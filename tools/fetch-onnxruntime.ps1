# Windows counterpart of tools/fetch-onnxruntime.sh: puts onnxruntime.dll (the DirectML build) and the DirectML.dll
# it needs where the resolver looks for them (NativeLibraries.OnnxRuntimeCacheDirectory):
#   $env:MUSICEMOTION_CACHE, else %LOCALAPPDATA%\musicemotion  +  \onnxruntime\1.30.0\win-<arch>
# taken from the npm package onnxruntime-node@1.30.0 and checked against pinned sha256 sums. Safe to run again.
#   powershell -ExecutionPolicy Bypass -File tools\fetch-onnxruntime.ps1
#   $env:ORT_NPM_TARBALL = 'onnxruntime-node-1.30.0.tgz'   to use an already downloaded package
$ErrorActionPreference = 'Stop'

$version = '1.30.0'
$arch = switch ($env:PROCESSOR_ARCHITECTURE) {
    'AMD64' { 'x64' }
    'ARM64' { 'arm64' }
    default { throw "fetch-onnxruntime: onnxruntime-node@$version has no Windows library for $($env:PROCESSOR_ARCHITECTURE)" }
}
$rid = "win-$arch"
# The same sums as tools/fetch-onnxruntime.sh.
$sums = @{
    'win-x64'   = @{
        'onnxruntime.dll' = '508c362f5673483dd3a086379c392795b2e42d10d5e6f3f90ebd7ac21c97af67'
        'DirectML.dll'    = '234e8898778cdec88d3cb0539508273494082812c968699f3de665a018971625'
    }
    'win-arm64' = @{
        'onnxruntime.dll' = '6c3a2abf5c6aca11c48a0d338a91af309f2266f25ce2e4084e6a87bbcb0fbfd0'
        'DirectML.dll'    = 'aaf72a9d55aa123e0708d957d30dd4fbeb7a2e335ec6257ed5ff4261a402b9ee'
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
    Write-Output "fetch-onnxruntime: ONNX Runtime $version already in $dest"
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
Write-Output "fetch-onnxruntime: ONNX Runtime $version for $rid in $dest"
