#version 330 core
in vec2 vTexCoord;
in vec4 vColour;

uniform sampler2D uAtlas;

out vec4 fragColour;

void main()
{
    float alpha = vColour.a * texture(uAtlas, vTexCoord).r;
    fragColour = vec4(vColour.rgb * alpha, alpha);
}
